#!/usr/bin/env bash
# Fills a new demo account with something to look at, through the public
# API as any integration would: groups, an agent, organizations, tickets in
# several languages and states, a macro, and a help center category with
# articles.  Called once by scripts/demo.sh, right after the account is made.
#
#   scripts/demo-seed.sh ORIGIN ADMIN_EMAIL ADMIN_PASSWORD
set -euo pipefail
origin=$1 auth="$2:$3"

# post PATH JSON: the created record's id (first "id" of the reply).
post() {
	local out
	out=$(curl -s --fail-with-body -u "$auth" -H 'Content-Type: application/json' \
		-d "$2" "$origin/api/v2/$1") ||
		{ echo "demo-seed: POST $1 failed: $out" >&2; return 1; }
	sed -n 's/^{"[a-z_]*":{"id":\([0-9]*\).*/\1/p' <<<"$out"
}

billing=$(post groups.json '{"group":{"name":"Billing"}}')
support=$(post groups.json '{"group":{"name":"Trust and safety"}}')
agent=$(post users.json '{"user":{"name":"Ana Agent","email":"ana@demo.test","role":"agent"}}')
post group_memberships.json "{\"group_membership\":{\"user_id\":$agent,\"group_id\":$support}}" >/dev/null
acme=$(post organizations.json '{"organization":{"name":"Acme Motors","domain_names":["acme.example"]}}')
post organizations.json '{"organization":{"name":"Casa Feliz"}}' >/dev/null

ticket() { post tickets.json "{\"ticket\":$1}" >/dev/null; }
ticket "{\"subject\":\"Cannot post my ad\",\"priority\":\"high\",\"group_id\":$support,
  \"requester\":{\"name\":\"Jan de Vries\",\"email\":\"jan@example.org\"},
  \"comment\":{\"body\":\"The app shows an error when I press Publish (version 7.2, Android).\"},
  \"tags\":[\"posting\",\"android\"]}"
ticket "{\"subject\":\"Factura duplicada\",\"group_id\":$billing,
  \"requester\":{\"name\":\"María López\",\"email\":\"maria@example.org\"},
  \"comment\":{\"body\":\"Me han cobrado dos veces el anuncio destacado de marzo.\"}}"
ticket "{\"subject\":\"Não consigo entrar na conta\",\"status\":\"open\",\"assignee_id\":$agent,
  \"group_id\":$support,\"requester\":{\"name\":\"João Silva\",\"email\":\"joao@example.org\"},
  \"comment\":{\"body\":\"A senha nova não funciona.\"}}"
ticket "{\"subject\":\"Оплата не прошла\",\"priority\":\"urgent\",\"group_id\":$billing,
  \"requester\":{\"name\":\"Ольга Петрова\",\"email\":\"olga@example.org\"},
  \"comment\":{\"body\":\"Деньги списаны, но объявление не опубликовано.\"}}"
ticket "{\"subject\":\"Fleet invoices for Q3\",\"status\":\"pending\",\"organization_id\":$acme,
  \"requester\":{\"name\":\"Pat Fleet\",\"email\":\"pat@acme.example\"},
  \"comment\":{\"body\":\"Please send the invoices for our 40 listings as one PDF.\"}}"
ticket "{\"subject\":\"Thanks, all sorted\",\"status\":\"solved\",\"assignee_id\":$agent,
  \"requester\":{\"name\":\"Sam Buyer\",\"email\":\"sam@example.org\"},
  \"comment\":{\"body\":\"The seller answered, you can close this.\"}}"

post macros.json '{"macro":{"title":"Billing::Refund issued","actions":[
  {"field":"status","value":"solved"},{"field":"current_tags","value":"refund"},
  {"field":"comment_value","value":"Hello {{ticket.requester.first_name}}, we have refunded the charge."}]}}' >/dev/null

category=$(post help_center/categories.json '{"category":{"name":"Buying and selling","locale":"en-us"}}')
section=$(post "help_center/categories/$category/sections.json" '{"section":{"name":"Posting ads","locale":"en-us"}}')
post "help_center/sections/$section/articles.json" '{"article":{"title":"How to post an ad",
  "body":"<p>Press <b>Sell</b>, add photos and a price, then <b>Publish</b>.</p>","locale":"en-us"}}' >/dev/null
post "help_center/sections/$section/articles.json" '{"article":{"title":"Why was my ad rejected?",
  "body":"<p>Ads with contact details in the photos are rejected.</p>","locale":"en-us"}}' >/dev/null
