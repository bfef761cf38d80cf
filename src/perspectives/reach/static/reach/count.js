/* Cookieless page counting for the foundation's sites: one beacon per page view with the
   page's address and referrer. No cookies, no storage, no identifiers. Include with
   <script src="https://PERSPECTIVES_HOST/static/reach/count.js" defer
           data-endpoint="https://PERSPECTIVES_HOST/api/v1/hits"></script> */
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = (script && script.getAttribute("data-endpoint")) ||
    (script ? new URL("/api/v1/hits", script.src).href : "/api/v1/hits");
  // A plain-text body is sent across sites without a preflight; credentials are omitted so
  // that not even our own cookies travel with the hit. sendBeacon (which would send them) is
  // only the fallback for browsers without fetch keepalive.
  var body = JSON.stringify({ url: location.href, referrer: document.referrer || "" });
  if (window.fetch && "keepalive" in Request.prototype) {
    fetch(endpoint, {
      method: "POST",
      body: body,
      keepalive: true,
      credentials: "omit",
      mode: "no-cors",
      headers: { "Content-Type": "text/plain" }
    }).catch(function () {});
  } else if (navigator.sendBeacon) {
    navigator.sendBeacon(endpoint, body);
  }
})();
