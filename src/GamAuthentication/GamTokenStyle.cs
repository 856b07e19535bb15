namespace GamAuthentication;

/// <summary>How an access token is presented to GAM's userinfo endpoint.</summary>
public enum GamTokenStyle
{
    /// <summary><c>Authorization: &lt;token&gt;</c> with no scheme, as GAM's own documentation shows.</summary>
    Raw = 0,

    /// <summary><c>Authorization: OAuth &lt;token&gt;</c>, the form GeneXus runtimes strip.</summary>
    OAuth = 1,

    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750), used by Globant Enterprise AI.</summary>
    Bearer = 2,

    /// <summary>A POST whose form body carries <c>access_token=&lt;token&gt;</c>.</summary>
    FormPost = 3,
}
