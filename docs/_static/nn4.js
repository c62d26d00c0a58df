/* nn4's additions to sphinx-book-theme (docs/conf.py: html_js_files).

   On a phone the page's contents (and the site navigation) open as a drawer, a <dialog> that
   pydata-sphinx-theme shows as a modal. A tap on one of its links to a section of this page
   scrolled the page behind the drawer, and the drawer stayed open over the section: close it. */
document.addEventListener("click", (event) => {
  const link = event.target.closest("dialog[open] a[href]");
  if (!link) return;
  const target = new URL(link.href, document.baseURI);
  if (target.pathname !== window.location.pathname || !target.hash) return;  // another page: it loads anew
  link.closest("dialog").close();
});
