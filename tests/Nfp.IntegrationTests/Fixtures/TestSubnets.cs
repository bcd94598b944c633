namespace Nfp.IntegrationTests.Fixtures;

/// <summary>Subnets no other test in this run uses (Docker refuses networks whose subnets overlap).</summary>
public static class TestSubnets
{
    private static int _next;

    public static (string Ipv4, string Ipv6) Next(int prefix = 24)
    {
        var n = Interlocked.Increment(ref _next);
        return ($"10.77.{n}.0/{prefix}", $"fd00:77:{n:x}::/64");
    }
}
