using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class NotificationListValidator : ContractValidator<NotificationList>
{
    public NotificationListValidator()
    {
        RuleFor(x => x.Notifications).NotNull().WithErrorCode(FieldErrorCodes.Required);
        RuleForEach(x => x.Notifications).NotNull().WithErrorCode(FieldErrorCodes.Required)
            .SetValidator(new ConfiguratorNotificationValidator());
    }
}
