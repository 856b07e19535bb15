using System.Diagnostics.CodeAnalysis;

namespace GamAuthentication.Emulator;

/// <summary>An extended user attribute.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "GAM calls them user attributes; the name is part of the agreed API.")]
public sealed class GamEmulatorAttribute
{
    /// <summary>Attribute identifier, e.g. <c>EmployeeID</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Attribute value.</summary>
    public string Value { get; set; } = string.Empty;

    /// <summary>Whether the attribute is multi-valued.</summary>
    public bool IsMultiValue { get; set; }
}
