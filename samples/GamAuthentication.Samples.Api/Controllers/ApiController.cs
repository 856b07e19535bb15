using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GamAuthentication.Samples.Api.Controllers;

/// <summary>The sample's API: one anonymous endpoint, one for any GAM user, one for administrators.</summary>
[ApiController]
[Route("api")]
public sealed class ApiController : ControllerBase
{
    /// <summary>Anonymous and tiny: the load benchmark's baseline.</summary>
    [HttpGet("ping")]
    [AllowAnonymous]
    public PingResponse Ping() => new("pong");

    /// <summary>The caller as GAM describes them: name, roles and every claim.</summary>
    [HttpGet("me")]
    [Authorize]
    public MeResponse Me()
    {
        var roles = new List<string>();
        var claims = new List<ClaimResponse>();
        foreach (var claim in User.Claims)
        {
            if (claim.Type == ClaimTypes.Role)
            {
                roles.Add(claim.Value);
            }

            claims.Add(new ClaimResponse(claim.Type, claim.Value));
        }

        return new MeResponse(User.Identity?.Name, roles, claims);
    }

    /// <summary>Only for users with the GAM role whose External ID is <c>Administrator</c>.</summary>
    [HttpGet("admin")]
    [Authorize(Roles = "Administrator")]
    public AdminResponse Admin() => new($"Hello, administrator {User.Identity?.Name}.");
}

/// <summary>The answer of <c>/api/ping</c>.</summary>
/// <param name="Message">Always <c>pong</c>.</param>
public sealed record PingResponse(string Message);

/// <summary>The answer of <c>/api/me</c>.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Roles">The role claims (GAM role External IDs).</param>
/// <param name="Claims">Every claim.</param>
public sealed record MeResponse(string? Name, IReadOnlyList<string> Roles, IReadOnlyList<ClaimResponse> Claims);

/// <summary>One claim.</summary>
/// <param name="Type">The claim type.</param>
/// <param name="Value">The claim value.</param>
public sealed record ClaimResponse(string Type, string Value);

/// <summary>The answer of <c>/api/admin</c>.</summary>
/// <param name="Message">A greeting.</param>
public sealed record AdminResponse(string Message);
