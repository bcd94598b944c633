using System.Text.Json;
using Nfp.Schema.Json;
using Nfp.Schema.Validation;
using Xunit;

namespace Nfp.Schema.Tests;

public class JsonFieldsTests
{
    [Theory]
    [InlineData("""{"a": 1, "b": {"c": [1, {"d": 2}]}}""", null)]
    [InlineData("""{"a": 1, "a": 1}""", "a")]
    [InlineData("""{"site_connections": [{"name": "x"}, {"name": "y", "psk": "k", "psk": "l"}]}""", "site_connections[1].psk")]
    [InlineData("""[{"a": {"b": 1, "c": {"b": 2}}}, {"a": 1, "e": 1, "e": 2}]""", "[1].e")]
    public void Repeated_names_the_path_of_the_first_field_given_twice(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, JsonFields.Repeated(document.RootElement));
    }

    [Fact]
    public void A_service_config_naming_a_field_twice_is_refused_with_its_path_in_the_message()
    {
        var request = Valid.Update() with { ServiceConfig = Valid.Json("""{"site_connections": [{"psk": "a", "psk": "b"}]}""") };

        var error = Assert.Single(Contracts.Validate(request));

        Assert.Equal(("service_config", FieldErrorCodes.Invalid), (error.Field, error.Code));
        Assert.Equal("'service_config' names the field 'site_connections[0].psk' twice.", error.Message);
    }
}
