using GamAuthentication.Protocol;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace GamAuthentication.Bearer.Tests;

/// <summary>The pieces under the handler: header reading, token hashing, the cache entry and its L2 form.</summary>
public sealed class BearerUnitTests
{
    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("Bearer   abc", "abc")]
    [InlineData("bEaReR 5b9c!0a05", "5b9c!0a05")]
    [InlineData("Bearer a.b-c_d~e+f/g==", "a.b-c_d~e+f/g==")]
    public void Bearer_header_yields_the_token_as_a_range_of_the_header(string header, string token)
    {
        var status = GamBearerTokenReader.Read(new StringValues(header), new GamBearerOptions(), out var read, out var problem);

        Assert.Equal(GamBearerTokenReadStatus.Found, status);
        Assert.Null(problem);
        Assert.Same(header, read.Source);
        Assert.Equal(token, read.Span.ToString());
    }

    [Theory]
    [InlineData("Basic abc")]
    [InlineData("Bearerabc")]
    [InlineData("OAuth abc")]
    [InlineData("abc")]
    [InlineData("Negotiate")]
    public void Other_schemes_and_GAM_forms_are_not_ours_by_default(string header)
    {
        var status = GamBearerTokenReader.Read(new StringValues(header), new GamBearerOptions(), out _, out _);

        Assert.Equal(GamBearerTokenReadStatus.None, status);
    }

    [Fact]
    public void No_header_is_not_ours()
    {
        Assert.Equal(GamBearerTokenReadStatus.None, GamBearerTokenReader.Read(StringValues.Empty, new GamBearerOptions(), out _, out _));
    }

    [Theory]
    [InlineData("OAuth abc", "abc")]
    [InlineData("oauth  abc", "abc")]
    [InlineData("abc!def", "abc!def")]
    public void GAM_forms_yield_the_token_when_allowed(string header, string token)
    {
        var options = new GamBearerOptions { AllowOAuthScheme = true, AllowBareToken = true };

        var status = GamBearerTokenReader.Read(new StringValues(header), options, out var read, out _);

        Assert.Equal(GamBearerTokenReadStatus.Found, status);
        Assert.Equal(token, read.Value);
    }

    [Theory]
    [InlineData("OAuth")]
    [InlineData("OAuth a\u0000b")]
    public void Malformed_GAM_forms_are_malformed_when_allowed(string header)
    {
        var options = new GamBearerOptions { AllowOAuthScheme = true, AllowBareToken = true };

        Assert.Equal(GamBearerTokenReadStatus.Malformed, GamBearerTokenReader.Read(new StringValues(header), options, out _, out _));
    }

    [Fact]
    public void Token_length_limit_is_configurable()
    {
        var options = new GamBearerOptions { MaxTokenLength = 8 };

        Assert.Equal(GamBearerTokenReadStatus.Found, GamBearerTokenReader.Read(new StringValues("Bearer 12345678"), options, out _, out _));
        Assert.Equal(GamBearerTokenReadStatus.Malformed, GamBearerTokenReader.Read(new StringValues("Bearer 123456789"), options, out _, out var problem));
        Assert.Equal("The bearer token is longer than 8 characters.", problem);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1024)]
    [InlineData(5000)]
    public void The_token_hash_is_SHA256_in_base64url(int length)
    {
        var token = new string('t', length - 1) + "!";

        var hash = GamTokenHash.Compute(token);

        var expected = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        Assert.Equal(expected, hash.ToBase64Url());
        Assert.Equal(expected[..8], hash.ShortId());
        Assert.Equal(expected[..8], hash.ToString());
        Assert.Equal(hash, GamTokenHash.Compute(token));
        Assert.NotEqual(hash, GamTokenHash.Compute(token + "x"));
    }

    [Fact]
    public void The_memory_key_holds_all_32_bytes_of_the_hash()
    {
        var token = "some-token";
        var hash = GamTokenHash.Compute(token);
        Span<char> key = stackalloc char[GamTokenHash.MemoryKeyLength];

        hash.WriteMemoryKey(key);

        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var expected = new char[16];
        for (var i = 0; i < 16; i++)
        {
            expected[i] = (char)((bytes[2 * i] << 8) | bytes[(2 * i) + 1]);
        }

        Assert.Equal(new string(expected), key.ToString());
        Assert.Equal(new string(expected), hash.ToMemoryKey());
        Assert.NotEqual(hash.ToMemoryKey(), GamTokenHash.Compute(token + "x").ToMemoryKey());
    }

    [Fact]
    public void A_memory_cache_hit_allocates_nothing()
    {
        using var memory = new GamBearerMemoryCache(enabled: true, sizeLimit: 1024 * 1024);
        var hash = GamTokenHash.Compute("cached-token");
        var now = DateTimeOffset.UnixEpoch;
        Assert.Null(memory.TryStoreUnlessRevoked(hash, GamBearerCacheEntry.Valid([], now.AddMinutes(1)), now));
        for (var i = 0; i < 10; i++)
        {
            Assert.NotNull(memory.Find(hash, now));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = memory.Find(hash, now);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(found);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_valid_entry_survives_the_L2_form_with_every_claim_attribute()
    {
        var expires = new DateTimeOffset(2026, 5, 1, 10, 0, 0, 123, TimeSpan.Zero);
        var entry = GamBearerCacheEntry.Valid(
        [
            new(ClaimTypes.Name, "ann", ClaimValueTypes.String, "GamBearer", "GamBearer"),
            new(ClaimTypes.Role, "Admin", ClaimValueTypes.String, "GamBearer", "GamBearer"),
            new("urn:gam:email_verified", "true", ClaimValueTypes.Boolean, "issuer-2", "original"),
            new("urn:gam:custom_info", "{\"ü\":\"€\"}", ClaimValueTypes.String, "GamBearer", "GamBearer"),
        ], expires);

        var token = GamTokenHash.Compute("token-a");

        var copy = GamBearerCacheSerializer.Deserialize(GamBearerCacheSerializer.Serialize(entry, token), token, out var problem);

        Assert.NotNull(copy);
        Assert.Equal(GamBearerPayloadProblem.None, problem);
        Assert.Equal(GamBearerEntryKind.Valid, copy.Kind);
        Assert.Equal(expires, copy.ExpiresAt);
        Assert.Equal(entry.Claims, copy.Claims);
    }

    [Fact]
    public void A_rejected_entry_survives_the_L2_form()
    {
        var entry = GamBearerCacheEntry.Rejected("103", 403, DateTimeOffset.UnixEpoch.AddDays(1));

        var token = GamTokenHash.Compute("token-a");

        var copy = GamBearerCacheSerializer.Deserialize(GamBearerCacheSerializer.Serialize(entry, token), token, out _);

        Assert.NotNull(copy);
        Assert.Equal(GamBearerEntryKind.Rejected, copy.Kind);
        Assert.Equal("103", copy.ErrorCode);
        Assert.Equal(403, copy.HttpStatus);
        Assert.Equal(entry.ExpiresAt, copy.ExpiresAt);
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("rejected")]
    [InlineData("revoked")]
    public void A_payload_read_for_another_token_is_not_believed(string kind)
    {
        var expires = DateTimeOffset.UnixEpoch.AddDays(1);
        var entry = kind switch
        {
            "valid" => GamBearerCacheEntry.Valid([new(ClaimTypes.Role, "Administrator", ClaimValueTypes.String, "GamBearer", "GamBearer")], expires),
            "rejected" => GamBearerCacheEntry.Rejected("114", 401, expires),
            _ => GamBearerCacheEntry.Revoked(expires),
        };
        var payload = GamBearerCacheSerializer.Serialize(entry, GamTokenHash.Compute("admin-token"));

        var copy = GamBearerCacheSerializer.Deserialize(payload, GamTokenHash.Compute("made-up"), out var problem);

        Assert.Null(copy);
        Assert.Equal(GamBearerPayloadProblem.OtherToken, problem);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 1, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 1, 9, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 65, 1, 7, 7, 7, 7, 7 })]
    public void Unreadable_L2_payloads_are_a_miss_not_an_error(byte[] payload)
    {
        Assert.Null(GamBearerCacheSerializer.Deserialize(payload, GamTokenHash.Compute("t"), out var problem));
        Assert.Equal(GamBearerPayloadProblem.Unreadable, problem);
    }

    [Fact]
    public void A_version_1_payload_without_its_token_hash_is_unreadable()
    {
        var token = GamTokenHash.Compute("token-a");
        var payload = GamBearerCacheSerializer.Serialize(GamBearerCacheEntry.Rejected("103", 401, DateTimeOffset.UnixEpoch.AddDays(1)), token);
        payload[0] = 1;

        Assert.Null(GamBearerCacheSerializer.Deserialize(payload, token, out var problem));
        Assert.Equal(GamBearerPayloadProblem.Unreadable, problem);
    }

    [Fact]
    public void Each_request_gets_a_new_identity_whose_claims_point_at_it()
    {
        var entry = GamBearerCacheEntry.Valid([new(ClaimTypes.Name, "ann", ClaimValueTypes.String, "GamBearer", "GamBearer")], DateTimeOffset.MaxValue);

        var first = entry.CreateIdentity("GamBearer");
        var second = entry.CreateIdentity("GamBearer");

        Assert.NotSame(first, second);
        Assert.Same(first, first.FindFirst(ClaimTypes.Name)!.Subject);
        Assert.Equal("ann", second.Name);
        Assert.True(second.IsAuthenticated);
        Assert.Equal("GamBearer", second.AuthenticationType);
    }
}
