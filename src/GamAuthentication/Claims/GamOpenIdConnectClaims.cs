using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Claims;

/// <summary>
/// With the <see cref="GamEndpointProfile.OpenIdConnect"/> profile the user is who <c>sub</c> says (the member the
/// id_token binds): the default map's subject (<c>guid</c>, else <c>sub</c>, else <c>external_id</c>) and name
/// (<c>username</c>, else <c>preferred_username</c>) read only the OpenID Connect members, since at another provider
/// <c>guid</c> or <c>username</c> would be custom attributes, perhaps ones users can edit. A map the app changed is left
/// as it is.
/// </summary>
internal static class GamOpenIdConnectClaims
{
    public static void UseOpenIdConnectIdentity(ClaimActionCollection actions)
    {
        Narrow(actions, ClaimTypes.NameIdentifier, ["guid", "sub", "external_id"], "sub");
        Narrow(actions, ClaimTypes.Name, ["username", "preferred_username"], "preferred_username");
    }

    private static void Narrow(ClaimActionCollection actions, string claimType, string[] defaultKeys, string key)
    {
        var current = actions.OfType<GamJsonClaimAction>().Where(a => a.ClaimType == claimType).ToList();
        if (current is [var only] && only.JsonKeys.SequenceEqual(defaultKeys, StringComparer.Ordinal))
        {
            // In the same place of the map, so the order of the claims does not change.
            var all = actions.ToList();
            all[all.IndexOf(only)] = new GamJsonClaimAction(claimType, only.ValueType, key);
            actions.Clear();
            foreach (var action in all)
            {
                actions.Add(action);
            }
        }
    }
}
