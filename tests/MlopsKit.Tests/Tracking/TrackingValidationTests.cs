using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>MLflow's key, value and batch rules (mlflow.md §1.6).</summary>
public sealed class TrackingValidationTests
{
    [Theory]
    [InlineData("rmse")]
    [InlineData("train/loss")]
    [InlineData("my metric:v2")]
    [InlineData("a.b-c_d")]
    [InlineData("ünïcode")]
    public void Keys_with_allowed_characters_that_name_one_path_are_accepted(string key)
        => TrackingValidation.ValidateKey("metric", key);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("../x")]
    [InlineData("..x")]
    [InlineData("/x")]
    [InlineData("x/")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a/../b")]
    [InlineData("bad!name")]
    [InlineData("tab\tname")]
    public void Keys_that_are_not_path_unique_or_hold_other_characters_are_refused(string key)
    {
        var ex = Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateKey("param", key));
        Assert.Contains("param", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_limits_are_mlflows()
    {
        TrackingValidation.ValidateKey("tag", new string('k', 250));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateKey("tag", new string('k', 251)));
        TrackingValidation.ValidateParam(new Param("p", new string('v', 6000)));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateParam(new Param("p", new string('v', 6001))));
        TrackingValidation.ValidateTag(new RunTag("t", new string('v', 8000)));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateTag(new RunTag("t", new string('v', 8001))));
        TrackingValidation.ValidateExperimentName(new string('e', 500));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateExperimentName(new string('e', 501)));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateExperimentName(""));
    }

    [Fact]
    public void Nan_and_infinite_metric_values_are_valid_but_negative_timestamps_are_not()
    {
        TrackingValidation.ValidateMetric(new Metric("m", double.NaN, 0));
        TrackingValidation.ValidateMetric(new Metric("m", double.PositiveInfinity, 1, -5));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateMetric(new Metric("m", 1, -1)));
    }

    [Fact]
    public void Batches_are_limited_in_size_and_may_not_repeat_a_param()
    {
        var metrics = Enumerable.Range(0, 1000).Select(i => new Metric("m", i, 0, i)).ToList();
        TrackingValidation.ValidateBatch(metrics, [], []);
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateBatch([.. metrics, new Metric("m", 0, 0)], [], []));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateBatch(metrics.Take(950).ToList(), Enumerable.Range(0, 51).Select(i => new Param($"p{i}", "v")).ToList(), []));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateBatch([], Enumerable.Range(0, 101).Select(i => new Param($"p{i}", "v")).ToList(), []));
        Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateBatch([], [], Enumerable.Range(0, 101).Select(i => new RunTag($"t{i}", "v")).ToList()));
        var dup = Assert.Throws<InvalidParameterException>(() => TrackingValidation.ValidateBatch([], [new Param("alpha", "0.1"), new Param("alpha", "0.2")], []));
        Assert.Contains("alpha", dup.Message, StringComparison.Ordinal);
    }
}
