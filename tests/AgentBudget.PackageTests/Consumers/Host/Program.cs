var researcher = new Legacy.Researcher();
System.Console.WriteLine("length=" + researcher.Run("x").ToString(System.Globalization.CultureInfo.InvariantCulture));
