"""From extracted letters to one coherent graph in an embedded Oxigraph store, and out again."""
