using System.Globalization;
using System.Text;
using GamAuthentication.Emulator;

namespace GamAuthentication.Samples.Farm;

/// <summary>What the launcher prints once the farm is up: where to go and who can sign in.</summary>
public static class FarmAnnouncement
{
    /// <summary>The announcement for <paramref name="farm"/>.</summary>
    public static string Describe(FarmLauncher farm)
    {
        ArgumentNullException.ThrowIfNull(farm);
        var ports = farm.Ports;
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("GAM farm demo is up (Ctrl+C stops everything):")
            .AppendLine(CultureInfo.InvariantCulture, $"  Open          {farm.MvcUrl}   (YARP, round-robin, no affinity, over {ports.Mvc.Count} MVC instances)")
            .AppendLine(CultureInfo.InvariantCulture, $"  API           {farm.ApiUrl}   (YARP, round-robin over {ports.Api.Count} API instances; the MVC instances call it)")
            .AppendLine(CultureInfo.InvariantCulture, $"  GAM emulator  {farm.GamAuthority}   (one for the whole farm; access tokens last {farm.Settings.AccessTokenLifetimeSeconds} s)")
            .AppendLine(CultureInfo.InvariantCulture, $"  Redis         {farm.RedisConfiguration}   (key ring, token cache, refresh lock, revocations{(farm.Settings.ServerSideSessions ? ", sessions" : string.Empty)})");
        for (var i = 0; i < ports.Mvc.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  mvc-{i + 1}         http://127.0.0.1:{ports.Mvc[i]}");
        }

        for (var i = 0; i < ports.Api.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  api-{i + 1}         http://127.0.0.1:{ports.Api[i]}");
        }

        return text
            .AppendLine(CultureInfo.InvariantCulture, $"  Users         {GamEmulatorDefaults.DemoUserName} / {GamEmulatorDefaults.DemoPassword} (User), " +
                $"{GamEmulatorDefaults.AdminUserName} / {GamEmulatorDefaults.AdminPassword} (Administrator, User), " +
                $"{GamEmulatorDefaults.OtpUserName} / {GamEmulatorDefaults.OtpPassword} (one-time code {GamEmulatorDefaults.OtpCode})")
            .AppendLine("  Every response carries X-Gam-Instance: the instance that served it (browser dev tools, Network tab).")
            .ToString();
    }
}
