using System.Text.Json;
using Nfp.Cli;
using Nfp.Schema.Json;

namespace Nfp.IntegrationTests.Cli;

/// <summary>
/// The CLI's generated JSON (<see cref="CliJson"/>, for its ahead-of-time build) keeps NFP's wire conventions:
/// every enum it meets by wire name, and the same naming and strictness as <see cref="NfpJson.Options"/>.
/// </summary>
public sealed class CliJsonTests
{
    [Fact]
    public void Every_enum_the_cli_reads_or_writes_goes_by_its_wire_names()
    {
        var reached = typeof(NfpJson).Assembly.GetExportedTypes()
            .Where(type => type.IsEnum)
            .Select(type => (Type: type, Info: CliJson.Default.GetTypeInfo(type)))
            .Where(pair => pair.Info is not null)
            .ToList();

        Assert.Contains(reached, pair => pair.Type == typeof(Nfp.Schema.Resources.ProvisioningStatus));
        Assert.All(reached, pair => Assert.Equal(typeof(WireEnumConverter<>).MakeGenericType(pair.Type), pair.Info!.Converter.GetType()));
    }

    [Fact]
    public void Its_conventions_are_nfps_wire_conventions()
    {
        var cli = CliJson.Default.Options;

        Assert.Same(NfpJson.Options.PropertyNamingPolicy, cli.PropertyNamingPolicy);
        Assert.Equal(NfpJson.Options.DictionaryKeyPolicy, cli.DictionaryKeyPolicy);
        Assert.Equal(NfpJson.Options.UnmappedMemberHandling, cli.UnmappedMemberHandling);
        Assert.Equal(NfpJson.Options.RespectRequiredConstructorParameters, cli.RespectRequiredConstructorParameters);
        Assert.Equal(NfpJson.Options.RespectNullableAnnotations, cli.RespectNullableAnnotations);
    }
}
