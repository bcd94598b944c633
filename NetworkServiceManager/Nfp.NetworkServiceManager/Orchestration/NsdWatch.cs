using Nfp.NetworkServiceManager.Drivers;
using Nfp.Schema.Drivers;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Follows every lifecycle driver's devices for the manager's whole life (<see cref="ILifecycleDriver.WatchNsdsAsync"/>),
/// so that a device whose container dies is declared dead within moments — before its health monitor
/// gives up on it — and failed over. A driver whose following breaks is followed again a second later.
/// </summary>
internal sealed partial class NsdWatch(LifecycleDrivers drivers, HealthNews news, ILogger<NsdWatch> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(drivers.All.Select(driver => FollowAsync(driver, stoppingToken)));

    private async Task FollowAsync(ILifecycleDriver driver, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await driver.WatchNsdsAsync(death => news.DiedAsync(death, stoppingToken), stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogBroken(driver.GetType().Name, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the devices of {Driver} broke ({Reason}); following again in 1 s.")]
    private partial void LogBroken(string driver, string reason);
}
