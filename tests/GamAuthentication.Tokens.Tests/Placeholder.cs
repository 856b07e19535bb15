namespace GamAuthentication.Tokens.Tests; public class Placeholder { }
