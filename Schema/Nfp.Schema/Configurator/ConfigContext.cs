namespace Nfp.Schema.Configurator;

/// <summary>
/// What a configurator request is about, returned unchanged in its notification so the manager can
/// route it: the service, the instance (absent for device-wide config), the device, the component that
/// asked, and the operation it belongs to.
/// </summary>
public sealed record ConfigContext(
    Guid NetworkServiceId,
    Guid NsdId,
    Guid OperationId,
    string Requester,
    Guid? NetworkServiceInstanceId = null);
