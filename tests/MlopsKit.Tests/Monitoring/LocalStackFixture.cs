using MlopsKit.Monitoring;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary>One real stack (Prometheus, Alertmanager, Pushgateway) on free ports, scraping every second, shared by a test collection.</summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public TempDir Dir { get; } = TempDir.Create("mlopskit-stack");

    public LocalMonitorResult Up { get; private set; } = null!;

    public string UserConfig { get; private set; } = "";

    public Uri Prometheus => Up[MonitorComponent.Prometheus].Url!;

    public Uri Alertmanager => Up[MonitorComponent.Alertmanager].Url!;

    public Uri Pushgateway => Up[MonitorComponent.Pushgateway].Url!;

    public async ValueTask InitializeAsync()
    {
        MonitoringStack.Write(Dir.Path, new MonitoringOptions { ScrapeInterval = TimeSpan.FromSeconds(1) });
        UserConfig = File.ReadAllText(Dir["prometheus.yml"]);
        try
        {
            Up = await LocalMonitor.UpAsync(Dir.Path, new LocalMonitorOptions
            {
                PrometheusPort = StackProcesses.FreePort(),
                AlertmanagerPort = StackProcesses.FreePort(),
                PushgatewayPort = StackProcesses.FreePort(),
            }, TestContext.Current.CancellationToken);
        }
        catch
        {
            StackProcesses.KillLeftovers(Dir.Path);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var pids = StackProcesses.Pids(Dir.Path).Values.ToList();
        try
        {
            await LocalMonitor.DownAsync(Dir.Path);
        }
        finally
        {
            StackProcesses.KillLeftovers(Dir.Path, pids);
            Dir.Dispose();
        }
    }
}

[CollectionDefinition(nameof(LocalStackProcesses))]
public sealed class LocalStackProcesses : ICollectionFixture<LocalStackFixture>;
