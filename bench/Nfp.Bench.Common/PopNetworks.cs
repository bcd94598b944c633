using Grpc.Core;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;

namespace Nfp.Bench;

/// <summary>The data networks of a run, made through Pop as a node driver's tenant networks would be.</summary>
public static class PopNetworks
{
    /// <summary>A Pop network named <paramref name="name"/> on the first free /24 of 10.203.0.0/16; returns that /24.</summary>
    public static async Task<string> CreateAsync(PopClient pop, string name, CancellationToken cancellationToken)
    {
        for (var third = 0; third < 256; third++)
        {
            var cidr = $"10.203.{third}.0/24";
            try
            {
                await pop.CreateNetworkAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = cidr } }, cancellationToken);
                return cidr;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.InvalidArgument)
            {
                // Taken by another network: try the next.
            }
        }
        throw new BenchException("No free /24 in 10.203.0.0/16 for the bench's networks.");
    }

}
