namespace GamAuthentication.Tokens;

/// <summary>
/// A GAM login property (<c>{"Id":"Company","Value":"GeneXus"}</c>), sent in <c>initial_properties</c> and
/// returned later through the <c>session_initial_prop</c> scope.
/// </summary>
/// <param name="Id">The property identifier.</param>
/// <param name="Value">The property value.</param>
public sealed record GamProperty(string Id, string Value);
