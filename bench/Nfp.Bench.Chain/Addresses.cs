namespace Nfp.Bench.Chain;

/// <summary>
/// Where each path's devices sit, so that neither path takes an address the other, or popd, hands out.
/// popd gives the lowest free address of a network, so it stays near the bottom. The manager path asks
/// for its VIPs at host 10 + slot of the consumer network; the floor takes host (half the subnet) + 10
/// + slot of every network it joins, management included; the backends sit at the top of the provider network.
/// </summary>
internal static class Addresses
{
    public const int MaxBackends = 20;

    /// <summary>The manager path's VIP of service <paramref name="slot"/>.</summary>
    public static string Vip(string consumerCidr, int slot) => Host(consumerCidr, 10 + slot);

    /// <summary>The floor device <paramref name="slot"/>'s address on the network <paramref name="cidr"/>.</summary>
    public static string Floor(string cidr, int slot) => Host(cidr, (Size(cidr) / 2) + 10 + slot);

    /// <summary>The failover bench's client on the network <paramref name="cidr"/>: below the floor's addresses, above popd's.</summary>
    public static string Client(string cidr) => Host(cidr, (Size(cidr) / 2) - 5);

    /// <summary>Backend <paramref name="index"/>'s address: the top of the network, downwards (.254, .253, …).</summary>
    public static string Backend(string cidr, int index) => Host(cidr, Size(cidr) - 2 - index);

    private static int Size(string cidr) => Subnets.Size(cidr);

    private static string Host(string cidr, int number) => Subnets.Host(cidr, number);
}
