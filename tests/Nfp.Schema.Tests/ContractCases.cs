using System.Reflection;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Tests;

/// <summary>A contract that differs from a valid one in one field, and the one error it must get.</summary>
internal sealed record BadInput(string Name, Func<object> Contract, string Field, string Code);

/// <summary>A contract that must be accepted (a variant of a valid one, e.g. a value exactly at its limit).</summary>
internal sealed record GoodInput(string Name, Func<object> Contract);

internal static class ContractCases
{
    private static readonly MethodInfo ValidateMethod = typeof(Contracts).GetMethod(nameof(Contracts.Validate))!;

    /// <summary>Validates <paramref name="contract"/> as its runtime type, as the entry point would.</summary>
    public static IReadOnlyList<FieldError> Validate(object contract) =>
        (IReadOnlyList<FieldError>)ValidateMethod.MakeGenericMethod(contract.GetType())
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [contract], null)!;

    public static void AssertAccepted(object contract) => Assert.Empty(Validate(contract));

    /// <summary>
    /// Exactly one (field, code) is reported, with a message. The same (field, code) reported twice is
    /// tolerated; any other error, on this field or another, is not.
    /// </summary>
    public static void AssertRefused(object contract, string field, string code)
    {
        var errors = Validate(contract);
        Assert.Equal(new[] { (field, code) }, errors.Select(e => (e.Field, e.Code)).Distinct());
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    public static void AssertRefused(BadInput input) => AssertRefused(input.Contract(), input.Field, input.Code);

    /// <summary>The names of <paramref name="inputs"/> with <paramref name="code"/>, as theory data.</summary>
    public static TheoryData<string> Names(IEnumerable<BadInput> inputs, params string[] codes) =>
        new(inputs.Where(i => codes.Contains(i.Code)).Select(i => i.Name));

    public static TheoryData<string> Names(IEnumerable<GoodInput> inputs) => new(inputs.Select(i => i.Name));

    /// <summary>By name; also proves the names unique (ToDictionary throws on a repeat).</summary>
    public static IReadOnlyDictionary<string, T> ByName<T>(IEnumerable<T> inputs, Func<T, string> name) =>
        inputs.ToDictionary(name);
}
