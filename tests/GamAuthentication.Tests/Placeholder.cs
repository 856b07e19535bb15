namespace GamAuthentication.Tests; public class Placeholder { }
