using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.Schema.Tests;

public class WireNameTests
{
    [Fact]
    public void Enum_values_travel_by_their_declared_wire_names()
    {
        Assert.Equal("PENDING_CREATE", NfpJson.WireName(ProvisioningStatus.PendingCreate));
        Assert.Equal(OperationState.FailedTemp, NfpJson.ParseWireName<OperationState>("FAILED_TEMP"));
    }
}
