using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>An RSA key that signs ID tokens with RS256, and its public JWK.</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public SigningKey()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        Modulus = Base64Url.EncodeToString(parameters.Modulus);
        Exponent = Base64Url.EncodeToString(parameters.Exponent);
        // RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, no whitespace.
        var canonical = "{\"e\":\"" + Exponent + "\",\"kty\":\"RSA\",\"n\":\"" + Modulus + "\"}";
        KeyId = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The <c>kid</c>: the key's RFC 7638 thumbprint.</summary>
    public string KeyId { get; }

    /// <summary>The JWK <c>n</c> member.</summary>
    public string Modulus { get; }

    /// <summary>The JWK <c>e</c> member.</summary>
    public string Exponent { get; }

    public byte[] Sign(ReadOnlySpan<byte> data) => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Writes the public key as a JWK object.</summary>
    public void WriteJwk(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kty", "RSA");
        writer.WriteString("use", "sig");
        writer.WriteString("alg", "RS256");
        writer.WriteString("kid", KeyId);
        writer.WriteString("n", Modulus);
        writer.WriteString("e", Exponent);
        writer.WriteEndObject();
    }

    public void Dispose() => _rsa.Dispose();
}
