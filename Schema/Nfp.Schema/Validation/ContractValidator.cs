using FluentValidation;

namespace Nfp.Schema.Validation;

/// <summary>
/// The base of every contract validator: a rule stops at its first failure, so a missing value is
/// reported once, as <c>required</c>, and the rule's later checks never see the null.
/// </summary>
public abstract class ContractValidator<T> : AbstractValidator<T>
{
    protected ContractValidator() => RuleLevelCascadeMode = CascadeMode.Stop;
}
