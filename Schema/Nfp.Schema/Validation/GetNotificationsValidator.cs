using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class GetNotificationsValidator : ContractValidator<GetNotifications>
{
    public GetNotificationsValidator()
    {
        RuleFor(x => x.WaitMilliseconds).InclusiveBetween(0, Limits.NotificationWaitMilliseconds).WithErrorCode(FieldErrorCodes.OutOfRange);
        RuleFor(x => x.Acknowledged).GreaterThanOrEqualTo(0).WithErrorCode(FieldErrorCodes.OutOfRange);
    }
}
