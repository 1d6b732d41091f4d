// Says why the trust's sign-in was refused (the server puts the reason in the address).
document.getElementById("reason").textContent =
  new URLSearchParams(location.search).get("reason") ?? "The sign-in did not complete. Try again, or ask your trust's IT team.";
