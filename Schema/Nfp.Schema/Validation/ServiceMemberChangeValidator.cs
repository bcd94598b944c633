using System.Linq.Expressions;
using FluentValidation;

namespace Nfp.Schema.Validation;

/// <summary>
/// The rules of the four notifications that add or remove a member of a live service (a policy target,
/// a consumer group): the service is named, and the member is present and valid.
/// </summary>
public abstract class ServiceMemberChangeValidator<T, TMember> : ContractValidator<T>
{
    protected ServiceMemberChangeValidator(
        Expression<Func<T, Guid>> networkServiceId,
        Expression<Func<T, TMember>> member,
        IValidator<TMember> memberValidator)
    {
        RuleFor(networkServiceId).Required();
        RuleFor(member).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(memberValidator);
    }
}
