using FluentValidation;
using FluentValidation.Results;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

/// <summary>
/// chain_parameters is a JSON object on the wire, so a bad value is named by its key
/// (<c>chain_parameters.mtu</c>), as the JSON reader would name it; a bad key is named by the object.
/// </summary>
public sealed class ChainParametersUpdatedNotificationValidator : ContractValidator<ChainParametersUpdatedNotification>
{
    public ChainParametersUpdatedNotificationValidator()
    {
        RuleFor(x => x.NetworkServiceId).Required();
        RuleFor(x => x.ChainParameters).NotNull().WithErrorCode(FieldErrorCodes.Required)
            .Must(parameters => parameters.Count <= Limits.ChainParameters).WithErrorCode(FieldErrorCodes.TooMany)
            .WithMessage($"'{{PropertyName}}' must have at most {Limits.ChainParameters} items.")
            .Custom((parameters, context) =>
            {
                foreach (var (key, value) in parameters)
                {
                    if (Problem(key, Limits.Name, allowEmpty: false) is { } keyProblem)
                    {
                        context.AddFailure(new ValidationFailure(context.PropertyPath, $"A chain parameter key {keyProblem.Message}.")
                            { ErrorCode = keyProblem.Code });
                    }
                    else if (Problem(value, Limits.ChainParameterValue, allowEmpty: true) is { } valueProblem)
                    {
                        context.AddFailure(new ValidationFailure(context.PropertyPath, $"Chain parameter '{key}' {valueProblem.Message}.")
                            { ErrorCode = valueProblem.Code, CustomState = new DictionaryKey(key) });
                    }
                }
            });
    }

    private static (string Code, string Message)? Problem(string? text, int max, bool allowEmpty) => text switch
    {
        null => (FieldErrorCodes.Required, "must not be null"),
        _ when !allowEmpty && string.IsNullOrWhiteSpace(text) => (FieldErrorCodes.Required, "must not be blank"),
        _ when text.Length > max => (FieldErrorCodes.TooLong, $"must be at most {max} characters"),
        _ => null,
    };
}
