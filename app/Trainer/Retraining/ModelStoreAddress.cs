using System.Text.RegularExpressions;
using LabA.Domain.Settings;

namespace LabA.Trainer.Retraining;

/// <summary>The ConfigMap <c>--publish NAMESPACE/NAME</c> names as the model store.</summary>
public sealed partial record ModelStoreAddress(string Namespace, string Name)
{
    public const string Option = "--publish";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    /// <summary>Throws <see cref="SettingsException"/> naming <see cref="Option"/> when the text is not NAMESPACE/NAME.</summary>
    public static ModelStoreAddress Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2)
            throw new SettingsException(Option, $"'{text}' is not NAMESPACE/NAME (e.g. default/lab-a-model)");
        if (!DnsLabel().IsMatch(parts[0]))
            throw new SettingsException(Option, $"'{parts[0]}' is not a namespace name (lower-case letters, digits and '-', at most 63)");
        if (parts[1].Length > 253 || !DnsSubdomain().IsMatch(parts[1]))
            throw new SettingsException(Option, $"'{parts[1]}' is not a ConfigMap name (lower-case letters, digits, '-' and '.', at most 253)");
        return new ModelStoreAddress(parts[0], parts[1]);
    }

    public override string ToString() => $"ConfigMap '{Name}' in namespace '{Namespace}'";
}
