namespace Nfp.IntegrationTests.Fixtures;

/// <summary>A clock a test moves forward by hand, to expire tokens without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
