using Nfp.Pop.Client;

namespace Nfp.IntegrationTests.Pop;

public sealed class PopClientOptionsTests
{
    [Fact]
    public void Printed_options_never_show_the_password()
    {
        var printed = new PopClientOptions("http://127.0.0.1:60000", "admin", "hunter2-secret").ToString();

        Assert.Contains("admin", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", printed, StringComparison.Ordinal);
    }
}
