namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// Subnets no other test in this run uses (Docker refuses networks whose subnets overlap). The test
/// projects run at once, each in a process of its own, so each has a block: 10.77/16 for the
/// integration tests, 10.78/16 for the end-to-end tests.
/// </summary>
public static class TestSubnets
{
    private static readonly int Block = typeof(TestSubnets).Assembly.GetName().Name == "Nfp.EndToEndTests" ? 78 : 77;
    private static int _next;

    /// <summary>Host <paramref name="host"/> of the IPv4 /24 <paramref name="cidr"/>: ("10.77.3.0/24", 5) is 10.77.3.5.</summary>
    public static string Host(string cidr, int host) => $"{cidr[..cidr.LastIndexOf('.')]}.{host}";

    public static (string Ipv4, string Ipv6) Next(int prefix = 24)
    {
        var n = Interlocked.Increment(ref _next);
        return ($"10.{Block}.{n}.0/{prefix}", $"fd00:{Block}:{n:x}::/64");
    }
}
