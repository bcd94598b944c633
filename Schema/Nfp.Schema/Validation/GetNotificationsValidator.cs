using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

/// <summary>get_notifications has no fields; the validator exists so that every contract has one.</summary>
public sealed class GetNotificationsValidator : ContractValidator<GetNotifications>;
