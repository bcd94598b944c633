namespace Nfp.Configurator.Config;

/// <summary>How config calls are carried out (configuration section <c>Config</c>).</summary>
public sealed class ConfigOptions
{
    public const string Section = "Config";

    /// <summary>How long a vendor driver may take to apply one resource before the call fails.</summary>
    public int ApplyTimeoutSeconds { get; set; } = 60;
}
