using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace GamAuthentication.Bearer;

/// <summary>
/// <see cref="GamBearerOptions.ProtectDistributedCache"/> on (the default): payloads encrypted and authenticated with
/// ASP.NET Core Data Protection, under a purpose that names the scheme and the userinfo endpoint.
/// </summary>
internal sealed class GamBearerEncryptedPayloads(IDataProtectionProvider dataProtection, string scheme, string userInfoEndpoint)
    : GamBearerPayloadProtection
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purposes("Encrypted.v2", scheme, userInfoEndpoint));

    public override ValueTask<byte[]?> SealAsync(byte[] payload, CancellationToken cancellationToken) =>
        ValueTask.FromResult<byte[]?>(_protector.Protect(payload));

    public override ValueTask<ArraySegment<byte>?> OpenAsync(byte[] stored, CancellationToken cancellationToken)
    {
        try
        {
            return ValueTask.FromResult<ArraySegment<byte>?>(_protector.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            // Forged, truncated, another key ring, another scheme or endpoint, or a signed (unencrypted) payload.
            return ValueTask.FromResult<ArraySegment<byte>?>(null);
        }
    }
}
