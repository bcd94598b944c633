using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

/// <summary>
/// A config notification must say which method ended how; a health status notification must say the
/// health (and may say the HA state), and nothing else.
/// </summary>
public sealed class ConfiguratorNotificationValidator : ContractValidator<ConfiguratorNotification>
{
    public ConfiguratorNotificationValidator()
    {
        RuleFor(x => x.Notification).Known();
        RuleFor(x => x.Context).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new ConfigContextValidator());
        RuleFor(x => x.CreatedAt).NotEmpty().WithErrorCode(FieldErrorCodes.Required);
        RuleFor(x => x.Reason).MaxText(Limits.StatusDescription);
        When(x => x.Notification == NotificationType.NsdHealthStatusNotification, () =>
        {
            RuleFor(x => x.Health).NotNull().WithErrorCode(FieldErrorCodes.Required).IsInEnum().WithErrorCode(FieldErrorCodes.UnknownValue);
            RuleFor(x => x.Method).Null().WithErrorCode(FieldErrorCodes.Invalid);
            RuleFor(x => x.Result).Null().WithErrorCode(FieldErrorCodes.Invalid);
            RuleFor(x => x.HaState).IsInEnum().WithErrorCode(FieldErrorCodes.UnknownValue);
        }).Otherwise(() =>
        {
            RuleFor(x => x.Method).NotNull().WithErrorCode(FieldErrorCodes.Required).IsInEnum().WithErrorCode(FieldErrorCodes.UnknownValue);
            RuleFor(x => x.Result).NotNull().WithErrorCode(FieldErrorCodes.Required).IsInEnum().WithErrorCode(FieldErrorCodes.UnknownValue);
            RuleFor(x => x.Health).Null().WithErrorCode(FieldErrorCodes.Invalid);
            RuleFor(x => x.HaState).Null().WithErrorCode(FieldErrorCodes.Invalid);
        });
    }
}
