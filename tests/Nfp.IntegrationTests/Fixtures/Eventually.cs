namespace Nfp.IntegrationTests.Fixtures;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="within"/>.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < within, $"{what} did not happen within {within.TotalSeconds} s.");
            await Task.Delay(50);
        }
        return clock.Elapsed;
    }
}
