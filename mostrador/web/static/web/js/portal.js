// The customer portal's small enhancements; every page works without this file.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A form sent back with errors: take keyboard and screen-reader users to the list of them.
document.getElementById("form-errors")?.focus();
