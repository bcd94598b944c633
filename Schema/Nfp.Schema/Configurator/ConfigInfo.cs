using Nfp.Schema.Resources;

namespace Nfp.Schema.Configurator;

/// <summary>Which service module and vendor driver handle a request, and the context to notify back with.</summary>
public sealed record ConfigInfo(ServiceType ServiceType, string ServiceVendor, ConfigContext Context);
