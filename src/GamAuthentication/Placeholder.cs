namespace GamAuthentication { internal static class P { } }
