using Nfp.Schema.Resources;

namespace Nfp.Drivers.Vendors.Haproxy;

/// <summary>The service_config of haproxy devices: a load balancer's <see cref="LoadBalancerConfig"/>.</summary>
public sealed class HaproxyServiceConfig() : ServiceConfigSchema<LoadBalancerConfig>(ServiceType.Loadbalancer, new LoadBalancerConfigValidator());
