namespace GamAuthentication.Bearer.Tests; public class Placeholder { }
