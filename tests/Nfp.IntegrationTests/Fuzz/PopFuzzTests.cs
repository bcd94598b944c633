using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Popd.Engine;
using Xunit.Abstractions;
using PopMetadata = Nfp.Pop.Protocol.Metadata;
using PopToken = Nfp.Pop.Protocol.Token;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// popd's Pop service fuzzed over a real HTTP/2 connection: every RPC called with random field values, a
/// valid message spoilt byte by byte, or random bytes that are no message at all (a raw call, as any gRPC
/// client could make one), with popd's token, none or a bad one. Every call is answered within its
/// deadline with a status of the Pop protocol (pop.proto's list), never INTERNAL or UNKNOWN, and nothing
/// changes: no row of popd's, no container or network in Docker. Inputs are invalid by construction
/// where they could make something: a Create or CreateNetwork always carries a field popd refuses before
/// it looks at its state, and every other call names a container or network that does not exist.
/// </summary>
public sealed class PopFuzzTests(PopdProcess popd, ITestOutputHelper output) : IClassFixture<PopdProcess>
{
    private const int Seed = 160_003;
    private const int Inputs = 1_500;
    private const int Concurrency = 8;
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(15);

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>The statuses a Pop call may end with (pop.proto), and a Watch's deadline, which only ends it.</summary>
    private static readonly StatusCode[] Refusals =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.Unauthenticated, StatusCode.PermissionDenied, StatusCode.NotFound,
        StatusCode.AlreadyExists, StatusCode.FailedPrecondition, StatusCode.ResourceExhausted, StatusCode.OutOfRange,
    ];

    private enum Credential { Valid, None, Bad }

    private sealed record Call(int Index, string Method, bool Streams, Credential Token, byte[] Body, string Shown)
    {
        public string Describe() => $"#{Index} {Method} with {Token} token: {Shown}";
    }

    [Fact]
    public async Task Mutated_and_random_messages_to_every_rpc_are_answered_with_pop_statuses_and_change_nothing()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{popd.Port}");
        var invoker = channel.CreateCallInvoker();
        var token = PopToken.Parser.ParseFrom(await invoker.AsyncUnaryCall(Method("Login", streams: false), null, new CallOptions(),
            new Credentials { Username = "tester", Password = popd.Password }.ToByteArray())).Value;
        var random = new FuzzRandom(Seed);
        var calls = Enumerable.Range(0, Inputs).Select(index => Make(random, index)).ToList();
        var before = await StateAsync();

        var run = new FuzzRun("popd", Seed, output);
        await run.RunAsync(calls, Concurrency, call => call.Describe(), call => CallAsync(invoker, call, token));

        Assert.Equal(before.Docker, (await StateAsync()).Docker);
        var changes = (await StateAsync()).Rows.ChangesSince(before.Rows);
        Assert.True(changes.Count == 0, $"popd's rows changed (seed {Seed}):\n{string.Join("\n", changes.Take(20))}");
        run.AssertNoFailures();
    }

    private async Task<(TableRows Rows, string Docker)> StateAsync()
    {
        var label = $"label={DockerEngine.PopLabel}={popd.PopName}";
        var containers = await DockerCli.RunAsync("ps", "-aq", "--filter", label);
        var networks = await DockerCli.RunAsync("network", "ls", "-q", "--filter", label);
        return (await TableRows.ReadAsync(popd.Database.DataSource), $"containers: [{containers.Trim()}] networks: [{networks.Trim()}]");
    }

    private static Method<byte[], byte[]> Method(string name, bool streams) =>
        new(streams ? MethodType.ServerStreaming : MethodType.Unary, "vim_pop.Pop", name, Raw, Raw);

    /// <summary>Calls, and returns the status; a Watch is read until its short deadline ends it.</summary>
    private static async Task<string> CallAsync(CallInvoker invoker, Call call, string token)
    {
        var headers = new Grpc.Core.Metadata();
        if (call.Token != Credential.None)
        {
            headers.Add("token", call.Token == Credential.Valid ? token : "not-a-token");
        }
        var deadline = DateTime.UtcNow + (call.Streams ? TimeSpan.FromMilliseconds(300) : AnswerWithin);
        StatusCode status;
        try
        {
            if (call.Streams)
            {
                using var watch = invoker.AsyncServerStreamingCall(Method(call.Method, streams: true), null, new CallOptions(headers, deadline), call.Body);
                while (await watch.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            else
            {
                await invoker.AsyncUnaryCall(Method(call.Method, streams: false), null, new CallOptions(headers, deadline), call.Body);
            }
            status = StatusCode.OK;
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            Assert.True(Refusals.Contains(status) || (call.Streams && status == StatusCode.DeadlineExceeded),
                $"answered {e.StatusCode}: {e.Status.Detail}");
        }
        return $"{call.Method} {status}";
    }

    private static Call Make(FuzzRandom random, int index)
    {
        var token = random.Chance(0.8) ? Credential.Valid : random.Chance(0.5) ? Credential.None : Credential.Bad;
        var (method, message, canMake) = random.Int(0, 14) switch
        {
            0 => ("Containers", (IMessage)Filter(random), false),
            1 => ("Flavours", Filter(random), false),
            2 => ("Images", Filter(random), false),
            3 => ("Networks", Filter(random), false),
            4 or 5 => ("Create", Create(random), true),
            6 => ("Delete", Filter(random), false),
            7 => ("Metadata", new NewMetadata { Filter = Filter(random), Md = Entries(random) }, false),
            8 => ("Start", Filter(random), false),
            9 => ("Stop", Filter(random), false),
            10 => ("Login", new Credentials { Username = $"fuzz-{random.Text(100)}", Password = random.Text(1000) }, false),
            11 => ("CreateNetwork", CreateNetwork(random), true),
            12 => random.Chance(0.5)
                ? ("Plug", new PlugRequest { Filter = Filter(random), Network = random.Text(200), Endpoint = Endpoint(random) }, false)
                : ("Unplug", new UnplugRequest { Filter = Filter(random), Network = random.Text(200) }, false),
            _ => random.Chance(0.3) ? ("Watch", Filter(random), false) : ("DeleteNetwork", Filter(random), false),
        };
        var bytes = message.ToByteArray();
        // A message that could make something goes as it is: spoilt bytes could turn its refused field into an accepted one.
        var body = canMake ? bytes : random.Int(0, 6) switch
        {
            0 => random.Bytes(random.Int(0, 512)),
            1 => bytes.Length == 0 ? random.Bytes(3) : bytes.Select(b => random.Chance(0.05) ? (byte)random.Int(0, 256) : b).ToArray(),
            2 => bytes[..random.Int(0, bytes.Length + 1)],
            _ => bytes,
        };
        var shown = body == bytes ? FuzzRandom.Show(message.ToString(), 500) : $"{body.Length} bytes {Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 64)))}";
        return new Call(index, method, method == "Watch", token, body, shown);
    }

    /// <summary>A filter naming no container or network popd has (a random name or id, or none).</summary>
    private static Filter Filter(FuzzRandom random) => random.Int(0, 4) switch
    {
        0 => new Filter(),
        1 => new Filter { Id = random.Chance(0.5) ? random.Guid().ToString() : random.Text(500) },
        _ => new Filter { Name = $"fz{random.Text(300)}" },
    };

    private static PopMetadata Entries(FuzzRandom random)
    {
        var metadata = new PopMetadata();
        for (var i = random.Int(0, 4); i > 0; i--)
        {
            metadata.Entries[random.Text(100)] = random.Text(2000);
        }
        return metadata;
    }

    private static Endpoint Endpoint(FuzzRandom random) => new()
    {
        NetId = random.Text(100),
        Ipv4 = new Ip { Address = random.OneOf("10.0.0.5", "", "300.1.1.1", "::1", random.Text(100)), Subnet = new Subnet { Cidr = random.Text(50) } },
        Ipv6 = random.Chance(0.3) ? new Ip { Address = random.OneOf("fe80::1", "::", random.Text(100)) } : null,
        VirtualIpv4 = { Enumerable.Range(0, random.Int(0, 3)).Select(_ => random.OneOf("", "10.0.0.9", random.Text(50))) },
    };

    /// <summary>A random container config with one field that popd refuses before it looks at its state (the image, networks, names).</summary>
    private static ContainerConfig Create(FuzzRandom random)
    {
        var config = new ContainerConfig
        {
            Name = random.Chance(0.5) ? $"fz-{random.Int(0, 1000)}" : random.Text(300),
            ImageId = random.OneOf(PopdServer.Image, "", random.Text(300)),
            FlavourId = random.OneOf("", random.Text(50)),
            Options = new ResourceOptions
            {
                CpusetCpus = random.OneOf("", "0", "0-1,3", random.Text(50)),
                CpusetMems = random.OneOf("", "0", random.Text(50)),
                MemoryBytes = random.OneOf(0L, 1L << 30, long.MaxValue, -1L),
                Mounts = { Enumerable.Range(0, random.Int(0, 3)).Select(_ => new Mount { Source = random.OneOf("/tmp", "relative", random.Text(100)), Target = random.OneOf("/mnt", random.Text(100)), ReadOnly = random.Chance(0.5) }) },
                CapAdd = { Enumerable.Range(0, random.Int(0, 3)).Select(_ => random.OneOf("NET_ADMIN", "SYS_ADMIN", random.Text(50))) },
                Labels = { { random.Text(50), random.Text(200) } },
            },
        };
        for (var i = random.Int(0, 3); i > 0; i--)
        {
            config.Endpoints[random.Text(100)] = Endpoint(random);
        }
        // Checked in this order by popd before any state: flavour, memory, capabilities, an endpoint's address.
        switch (random.Int(0, 4))
        {
            case 0:
                config.FlavourId = "fuzz-flavour";
                break;
            case 1:
                config.Options.MemoryBytes = -1;
                break;
            case 2:
                config.Options.CapAdd.Add("not a capability");
                break;
            default:
                config.Endpoints["fuzz-net"] = new Endpoint { Ipv4 = new Ip { Address = "not-an-address" } };
                break;
        }
        return config;
    }

    /// <summary>A random network config whose IPv4 or IPv6 subnet popd refuses before it looks at its state.</summary>
    private static NetworkConfig CreateNetwork(FuzzRandom random)
    {
        var config = new NetworkConfig
        {
            Name = random.Chance(0.5) ? $"fz-{random.Int(0, 1000)}" : random.Text(300),
            Ipv4 = new Subnet { Cidr = random.OneOf("10.250.0.0/24", "", random.Text(50)), Gateway = random.OneOf("", "10.250.0.1", random.Text(50)) },
            Ipv6 = random.Chance(0.5) ? new Subnet { Cidr = random.OneOf("fd00::/64", random.Text(50)), Gateway = random.Text(50) } : null,
            External = random.Chance(0.5),
        };
        switch (random.Int(0, 3))
        {
            case 0:
                config.Ipv4 = null;
                break;
            case 1:
                config.Ipv4.Cidr = random.OneOf("10.250.0.0/33", "not-a-network", "fd00::/64", "10.250.0.0");
                break;
            default:
                config.Ipv6 = new Subnet { Cidr = random.OneOf("fd00::/129", "10.0.0.0/24", "not-a-network") };
                break;
        }
        return config;
    }
}
