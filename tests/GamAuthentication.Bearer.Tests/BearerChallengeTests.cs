using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Bearer.Tests;

/// <summary>RFC 6750 answers: 401 without error for no token, 400 invalid_request for malformed requests (GAM not called), 401 invalid_token for rejected tokens, 403 for missing roles; always Cache-Control: no-store.</summary>
public sealed class BearerChallengeTests : IAsyncLifetime
{
    private GamTestServer _gam = null!;
    private ApiTestHost _api = null!;

    public async Task InitializeAsync()
    {
        _gam = await GamTestServer.StartAsync();
        _api = await ApiTestHost.StartAsync(_gam);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _gam.DisposeAsync();
    }

    [Fact]
    public async Task No_token_answers_401_with_a_bare_bearer_challenge()
    {
        using var response = await _api.GetAsync("/me", authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\"", response.WwwAuthenticate());
        Assert.Equal("no-store", response.CacheControl());
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Another_authorization_scheme_is_not_ours_and_answers_a_bare_challenge()
    {
        using var response = await _api.GetAsync("/me", "Basic ZGVtbzpkZW1v");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\"", response.WwwAuthenticate());
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    public static TheoryData<string, string> MalformedAuthorizationHeaders() => new()
    {
        { "Bearer", "The bearer token is empty." },
        { "Bearer ", "The bearer token is empty." },
        { "bearer    ", "The bearer token is empty." },
        { "", "The Authorization header is empty." },
        { "Bearer abc def", "The bearer token contains whitespace, control or non-ASCII characters." },
        { "Bearer abc\tdef", "The bearer token contains whitespace, control or non-ASCII characters." },
        { "Bearer\tabcdef", "The bearer token contains whitespace, control or non-ASCII characters." },
        { "Bearer abc\u0001def", "The bearer token contains whitespace, control or non-ASCII characters." },
        { "Bearer abc\u007Fdef", "The bearer token contains whitespace, control or non-ASCII characters." },
        { "Bearer abcdéf", "The bearer token contains whitespace, control or non-ASCII characters." },
        { "Bearer " + new string('a', 4097), "The bearer token is longer than 4096 characters." },
        { "Bearer abc,def", Syntax },
        { "Bearer abc\"def", Syntax },
        { "Bearer abc;def", Syntax },
        { "Bearer abc\\def", Syntax },
        { "Bearer ab=cd", Syntax },
        { "Bearer ===", Syntax },
        { "Bearer a:b", Syntax },
        { "Bearer <script>", Syntax },
    };

    private const string Syntax = "The bearer token contains characters outside the token syntax (letters, digits, - . _ ~ + / ! @, and = only at the end).";

    // Tokens as GAM issues them (seeds 001-003): GUID, '!', hex, '@SSORT!', '-IDP'. They reach GAM, which decides.
    [Theory]
    [InlineData("ae47229f-e133-42d1-87e0-c5ac59e51edf!c0f5aadd56fb7e1305e7c7abac8ee497d8d640ab446af07149fba8b2a3cad8321ad3c052dd65a7@SSORT!ae47229f-e133-42d1-87e0-c5ac59e51edf!0c6fe15b76f14f5b8a0805c1b6c20")]
    [InlineData("ae47229f-e133-42d1-87e0-c5ac59e51edf!f5b06a969d6ca0a6824318bad9fddd3d72913c1e9118ff9d34a4d117c2f6caa749586f4fee99f2@SSORT!ae47229f-e133-42d1-87e0-c5ac59e51edf!0c6fe15b76f14f5b8a0805c1b6c20-IDP")]
    [InlineData("ae47229f-e133-42d1-87e0-c5ac59e51edf!zuogvrYqVdJsoaq4nZohgqHfmfthCwBbd1ORZWoyGiHrBw9iIuNlLeRH3L9zPBuRG6hfsenvAUyhNu")]
    [InlineData("a.b-c_d~e+f/g==")]
    public async Task Tokens_in_GAMs_syntax_reach_GAM(string token)
    {
        using var response = await _api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.WwwAuthenticate(), StringComparison.Ordinal);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task The_token_syntax_can_be_widened_for_other_identity_providers()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.AdditionalTokenCharacters = ":");

        using var widened = await api.GetWithTokenAsync("/me", "a:b");
        var stillRefused = await api.SendRawAsync("/me", "Bearer a,b");

        Assert.Equal(HttpStatusCode.Unauthorized, widened.StatusCode);
        Assert.Equal(StatusCodes.Status400BadRequest, stillRefused.Response.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Theory]
    [MemberData(nameof(MalformedAuthorizationHeaders))]
    public async Task Malformed_authorization_header_answers_400_invalid_request_without_calling_GAM(string header, string description)
    {
        var context = await _api.SendRawAsync("/me", header);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal($"Bearer realm=\"GamBearer\", error=\"invalid_request\", error_description=\"{description}\"", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal(0, _gam.UserInfoCalls);
        Assert.Equal(0, _api.Faults.Calls);
    }

    [Fact]
    public async Task A_token_of_exactly_the_maximum_length_is_not_malformed()
    {
        using var response = await _api.GetAsync("/me", "Bearer " + new string('a', 4096));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.WwwAuthenticate(), StringComparison.Ordinal);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Two_authorization_headers_answer_400_invalid_request_without_calling_GAM()
    {
        var token = _gam.IssueToken();

        var context = await _api.SendRawAsync("/me", "Bearer " + token, "Bearer " + token);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"invalid_request\", error_description=\"The request has more than one Authorization header.\"", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task Malformed_request_to_an_anonymous_endpoint_is_served_anonymously()
    {
        using var response = await _api.GetAsync("/anon", "Bearer a b");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("BeArEr")]
    public async Task Bearer_scheme_is_case_insensitive(string scheme)
    {
        var token = _gam.IssueToken();

        using var response = await _api.GetAsync("/me", scheme + " " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_rejected_by_GAM_answers_401_invalid_token_with_a_description()
    {
        var token = _gam.IssueToken();
        _gam.Emulator.RevokeToken(token);

        using var response = await _api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"invalid_token\", error_description=\"The access token is invalid (GAM error 114).\"", response.WwwAuthenticate());
        Assert.Equal("no-store", response.CacheControl());
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Unknown_token_answers_401_invalid_token_naming_GAM_error_112()
    {
        using var response = await _api.GetWithTokenAsync("/me", GamEmulatorDefaults.RepositoryGuid + "!0123456789abcdef");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"invalid_token\", error_description=\"The access token is unknown to GAM (GAM error 112).\"", response.WwwAuthenticate());
    }

    [Fact]
    public async Task Valid_token_without_the_role_answers_403_with_no_store()
    {
        var token = _gam.IssueToken(GamEmulatorDefaults.DemoUserName);

        using var response = await _api.GetWithTokenAsync("/admin", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("no-store", response.CacheControl());
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"insufficient_scope\", error_description=\"The access token does not grant what this resource requires.\"", response.WwwAuthenticate());
    }

    [Fact]
    public async Task The_403_description_can_be_left_out()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.IncludeErrorDetails = false);

        using var response = await api.GetWithTokenAsync("/admin", _gam.IssueToken(GamEmulatorDefaults.DemoUserName));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"insufficient_scope\"", response.WwwAuthenticate());
    }

    [Fact]
    public async Task Valid_token_with_the_role_reaches_the_admin_endpoint()
    {
        var token = _gam.IssueToken(GamEmulatorDefaults.AdminUserName);

        using var response = await _api.GetWithTokenAsync("/admin", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin admin", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Valid_token_gives_the_principal_of_the_shared_claim_map()
    {
        var token = _gam.IssueToken();

        using var response = await _api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"name\":\"demo\"", body, StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{GamEmulatorDefaults.DemoUserGuid}\"", body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"http://schemas.microsoft.com/ws/2008/06/identity/claims/role\",\"value\":\"User\"", body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"urn:gam:email_verified\",\"value\":\"true\",\"valueType\":\"http://www.w3.org/2001/XMLSchema#boolean\",\"issuer\":\"GamBearer\"", body, StringComparison.Ordinal);
    }
}
