using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>MLflow's run search grammar (mlflow.md §1.5): what parses, what is refused, and how clauses match.</summary>
public sealed class SearchFilterTests
{
    private static readonly Dictionary<string, object> s_run = new()
    {
        ["metrics.rmse"] = 65.2,
        ["params.alpha"] = "0.01",
        ["params.model"] = "ElasticNet",
        ["tags.mlflow.runName"] = "exp-7",
        ["tags.user-name"] = "ada",
        ["run_id"] = "a1",
        ["status"] = "FINISHED",
        ["start_time"] = 1_700_000_000_000L,
    };

    private static bool Match(string filter) => SearchFilter.Matches(SearchFilter.Parse(filter), c =>
    {
        var name = c.Entity switch
        {
            FilterEntity.Metric => "metrics." + c.Key,
            FilterEntity.Param => "params." + c.Key,
            FilterEntity.Tag => "tags." + c.Key,
            _ => c.Key,
        };
        return s_run.GetValueOrDefault(name);
    });

    [Fact]
    public void The_tutorials_filter_parses_into_typed_clauses()
    {
        var clauses = SearchFilter.Parse("metrics.rmse < 70 and params.alpha = '0.01'");
        Assert.Equal([new FilterClause(FilterEntity.Metric, "rmse", "<", 70.0), new FilterClause(FilterEntity.Param, "alpha", "=", "0.01")], clauses);
    }

    [Theory]
    [InlineData("metrics.rmse < 70 and params.alpha = '0.01'", true)]
    [InlineData("metric.rmse >= 65.2 AND param.model = \"ElasticNet\"", true)]
    [InlineData("metrics.rmse > 70", false)]
    [InlineData("metrics.mae < 100", false)]
    [InlineData("params.model LIKE 'Elastic%'", true)]
    [InlineData("params.model LIKE 'elastic%'", false)]
    [InlineData("params.model ILIKE 'elastic%'", true)]
    [InlineData("tags.mlflow.runName LIKE 'exp-_'", true)]
    [InlineData("tags.\"user-name\" = 'ada'", true)]
    [InlineData("tags.`user-name` != 'ada'", false)]
    [InlineData("attributes.status = 'FINISHED'", true)]
    [InlineData("status != 'FINISHED'", false)]
    [InlineData("attributes.run_id IN ('a1', 'b2')", true)]
    [InlineData("run_id NOT IN ('a1')", false)]
    [InlineData("attributes.start_time > 1600000000000", true)]
    public void Clauses_match_as_mlflow_evaluates_them(string filter, bool expected) => Assert.Equal(expected, Match(filter));

    [Theory]
    [InlineData("metrics.rmse < 'low'")]
    [InlineData("params.alpha = 0.01")]
    [InlineData("params.alpha > '0.01'")]
    [InlineData("metrics.rmse < 70 or params.alpha = '0.01'")]
    [InlineData("params.model IN ('a')")]
    [InlineData("attributes.colour = 'red'")]
    [InlineData("datasets.size = '1'")]
    [InlineData("metrics.rmse <")]
    [InlineData("params.alpha = 'open")]
    [InlineData("run_id IN ('a'")]
    public void Filters_outside_the_grammar_are_refused_with_the_reason(string filter)
    {
        var ex = Assert.Throws<InvalidParameterException>(() => SearchFilter.Parse(filter));
        Assert.Contains("invalid search filter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_filter_has_no_clauses_and_matches_everything()
    {
        Assert.Empty(SearchFilter.Parse("  "));
        Assert.True(Match(""));
    }
}
