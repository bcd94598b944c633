namespace Nfp.IntegrationTests.Fixtures;

/// <summary>Runs a cleanup when a test leaves its scope, failed or not.</summary>
public sealed class AsyncCleanup(Func<Task> cleanup) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await cleanup();
}
