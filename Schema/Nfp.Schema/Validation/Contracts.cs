using System.Text.Json;
using FluentValidation;
using Nfp.Schema.Json;

namespace Nfp.Schema.Validation;

/// <summary>
/// The one door through which a contract enters NFP: read it from JSON and check it against its
/// validator, collecting every <see cref="FieldError"/> with the field named as on the wire. A vendor
/// driver reads the resource_data it gives a shape to through the same door, with its own validator.
/// </summary>
public static class Contracts
{
    private static readonly Dictionary<Type, IValidator> Validators = AssemblyScanner
        .FindValidatorsInAssembly(typeof(Contracts).Assembly)
        .Where(scan => !scan.ValidatorType.IsAbstract)
        .ToDictionary(
            scan => scan.InterfaceType.GetGenericArguments()[0],
            scan => (IValidator)Activator.CreateInstance(scan.ValidatorType)!);

    /// <summary>Every contract type that has a validator.</summary>
    public static IEnumerable<Type> ValidatedTypes => Validators.Keys;

    /// <summary>What is wrong with <paramref name="contract"/>; empty when it is valid.</summary>
    public static IReadOnlyList<FieldError> Validate<T>(T contract) where T : notnull
    {
        if (!Validators.TryGetValue(typeof(T), out var validator))
        {
            throw new InvalidOperationException($"{typeof(T).Name} has no validator: every contract must have one.");
        }
        return ValidateWith(contract, validator);
    }

    /// <summary>What <paramref name="validator"/> finds wrong with <paramref name="contract"/>, fields named as on the wire.</summary>
    public static IReadOnlyList<FieldError> ValidateWith<T>(T contract, IValidator validator) where T : notnull
    {
        var result = validator.Validate(new ValidationContext<T>(contract));
        return result.Errors.Select(failure =>
        {
            var field = WirePath(failure.PropertyName);
            if (failure.CustomState is DictionaryKey entry)
            {
                field = $"{field}.{entry.Key}";
            }
            return new FieldError(field, failure.ErrorCode, WireMessage(failure, field));
        }).ToList();
    }

    /// <summary>Reads a <typeparamref name="T"/> from JSON and validates it.</summary>
    public static ContractReadResult<T> Read<T>(string json) where T : class
    {
        // Parsed as a document first, so that a body that is not one JSON value ("{} {}") is refused as
        // such, before the contract's own checks could blame a missing field.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            return new(null, [JsonFieldErrors.From(exception, typeof(T))]);
        }
        using (document)
        {
            return Read<T>(document.RootElement);
        }
    }

    /// <summary>Reads a <typeparamref name="T"/> from <paramref name="json"/> (e.g. a resource's data) and validates it.</summary>
    public static ContractReadResult<T> Read<T>(JsonElement json) where T : class => Read<T>(json, contract => Validate(contract));

    /// <summary>Reads a <typeparamref name="T"/> from <paramref name="json"/> and checks it with <paramref name="validator"/>.</summary>
    public static ContractReadResult<T> ReadWith<T>(JsonElement json, IValidator<T> validator) where T : class =>
        Read<T>(json, contract => ValidateWith(contract, validator));

    private static ContractReadResult<T> Read<T>(JsonElement json, Func<T, IReadOnlyList<FieldError>> validate) where T : class
    {
        T? contract;
        try
        {
            contract = json.Deserialize<T>(NfpJson.Options);
        }
        catch (JsonException exception)
        {
            return new(null, [JsonFieldErrors.From(exception, typeof(T), json)]);
        }
        if (contract is null)
        {
            return new(null, [new FieldError("", FieldErrorCodes.Required, "The request body is empty.")]);
        }
        var errors = validate(contract);
        return new(errors.Count == 0 ? contract : null, errors);
    }

    /// <summary>"PortInfo[0].PortClassification" → "port_info[0].port_classification".</summary>
    private static string WirePath(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(segment =>
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var index = bracket < 0 ? "" : segment[bracket..];
            return NfpJson.Options.PropertyNamingPolicy!.ConvertName(name) + index;
        }));

    /// <summary>
    /// FluentValidation names the field in its messages by a display name ("Port Type"); an API client
    /// needs the wire path ("port_info[0].port_type").
    /// </summary>
    private static string WireMessage(FluentValidation.Results.ValidationFailure failure, string field) =>
        failure.FormattedMessagePlaceholderValues?.TryGetValue("PropertyName", out var displayName) == true
            ? failure.ErrorMessage.Replace($"'{displayName}'", $"'{field}'", StringComparison.Ordinal)
            : failure.ErrorMessage;
}
