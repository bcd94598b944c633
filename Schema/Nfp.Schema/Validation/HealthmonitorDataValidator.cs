using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class HealthmonitorDataValidator : ContractValidator<HealthmonitorData>
{
    public HealthmonitorDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).RequiredText(Limits.Name).IpAddress();
        RuleFor(x => x.Periodicity).Known();
        RuleFor(x => x.IntervalMs!.Value).InclusiveBetween(Limits.HealthmonitorIntervalMs.Min, Limits.HealthmonitorIntervalMs.Max)
            .WithErrorCode(FieldErrorCodes.OutOfRange).OverridePropertyName("interval_ms")
            .WithMessage($"'interval_ms' must be from {Limits.HealthmonitorIntervalMs.Min} to {Limits.HealthmonitorIntervalMs.Max} (milliseconds).")
            .When(x => x.IntervalMs is not null);
        RuleFor(x => x.Failures!.Value).InclusiveBetween(Limits.HealthmonitorFailures.Min, Limits.HealthmonitorFailures.Max)
            .WithErrorCode(FieldErrorCodes.OutOfRange).OverridePropertyName("failures")
            .WithMessage($"'failures' must be from {Limits.HealthmonitorFailures.Min} to {Limits.HealthmonitorFailures.Max}.")
            .When(x => x.Failures is not null);
    }
}
