"""The Flask front end: SPARQL endpoint, query page, resource pages, letter view, actor API."""
