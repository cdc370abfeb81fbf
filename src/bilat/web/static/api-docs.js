// Swagger UI over our OpenAPI document; a file of its own, as the CSP allows no inline script.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null, // never call swagger.io to validate the document
});
