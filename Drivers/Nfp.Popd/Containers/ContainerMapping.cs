using System.Text.Json;
using Nfp.Pop.Protocol;
using Endpoint = Nfp.Pop.Protocol.Endpoint;
using Nfp.Popd.State;

namespace Nfp.Popd.Containers;

/// <summary>Stored rows to Pop messages.</summary>
internal static class ContainerMapping
{
    public const string Flavour = "docker.container";

    public static Container ToMessage(ContainerRow row, IEnumerable<AttachmentRow> attachments)
    {
        var container = new Container
        {
            Id = row.Id.ToString(),
            ImageId = row.ImageId,
            FlavourId = row.FlavourId,
            Created = new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(),
            Started = row.StartedAt is { } started ? new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc)).ToUnixTimeSeconds() : 0,
            Status = PopContainerStatus.Parse(row.Status),
            ExtendedStatus = row.ExtendedStatus,
            Md = new Metadata(),
            Options = ResourceOptions.Parser.ParseFrom(row.Options),
        };
        container.Names.Add(row.Name);
        container.Md.Entries.Add(ReadMetadata(row.Metadata));
        // The names only: a secret's value is never answered.
        container.SecretKeys.Add(ReadMetadata(row.Secrets).Keys.Order(StringComparer.Ordinal));
        foreach (var attachment in attachments)
        {
            container.Endpoints[attachment.NetworkName] = ToEndpoint(attachment);
        }
        return container;
    }

    public static Endpoint ToEndpoint(AttachmentRow attachment)
    {
        var endpoint = new Endpoint
        {
            NetId = attachment.NetworkId.ToString(),
            NetName = attachment.NetworkName,
            EndpointId = attachment.EndpointId,
            Mac = attachment.Mac,
            Ipv4 = new Ip { Address = attachment.Ipv4Address, Subnet = new Subnet { Cidr = attachment.Ipv4Cidr, Gateway = attachment.Ipv4Gateway } },
            VirtualIpv4 = { attachment.VirtualIpv4.Split(' ', StringSplitOptions.RemoveEmptyEntries) },
        };
        if (attachment.Ipv6Address is not null)
        {
            endpoint.Ipv6 = new Ip { Address = attachment.Ipv6Address, Subnet = new Subnet { Cidr = attachment.Ipv6Cidr, Gateway = attachment.Ipv6Gateway } };
        }
        return endpoint;
    }

    public static Dictionary<string, string> ReadMetadata(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
