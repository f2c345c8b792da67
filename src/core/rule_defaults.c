/*
 * rule_defaults.c: the triggers and automations every new account starts
 * with, as Zendesk ships them: the notification triggers (all active but
 * "Notify all agents of received request") in one "Notifications"
 * category, and the automation that closes solved tickets after four days.
 *
 * They are ordinary rules marked default, saved through business_rule_add
 * so they pass the same checks as any rule an admin writes; an admin may
 * change, deactivate or delete them.
 */
#include "parley.h"
#include "core/business_rules.h"
#include "core/trigger_categories.h"
#include "util/jsonx.h"

#define NOTIFY(who, subject, body) \
	"[{\"field\":\"notification_" who "\",\"value\":[" subject "," body "]}]"

static const struct {
	enum rule_kind kind;
	const char *json;
} defaults[] = {
	{ RULE_TRIGGER,
	  "{\"title\":\"Notify requester and CCs of received request\",\"active\":true,"
	  "\"description\":\"Tells the requester their request arrived.\","
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"},"
	  "{\"field\":\"status\",\"operator\":\"is_not\",\"value\":\"solved\"}],\"any\":[]},"
	  "\"actions\":" NOTIFY("user", "\"requester_and_ccs\","
	  "\"[{{ticket.account}}] Re: {{ticket.title}}\"",
	  "\"Your request ({{ticket.id}}) has been received and is being reviewed by "
	  "our support staff.\\n\\nTo add additional comments, reply to this email.\\n\\n"
	  "{{ticket.comments_formatted}}\"") "}" },
	{ RULE_TRIGGER,
	  "{\"title\":\"Notify requester and CCs of comment update\",\"active\":true,"
	  "\"description\":\"Sends the requester each public comment of others.\","
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Change\"},"
	  "{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":true},"
	  "{\"field\":\"requester_id\",\"operator\":\"is_not\",\"value\":\"current_user\"}],"
	  "\"any\":[]},"
	  "\"actions\":" NOTIFY("user", "\"requester_and_ccs\","
	  "\"[{{ticket.account}}] Re: {{ticket.title}}\"",
	  "\"Your request ({{ticket.id}}) has been updated. To add additional comments, "
	  "reply to this email.\\n\\n{{ticket.comments_formatted}}\"") "}" },
	{ RULE_TRIGGER,
	  "{\"title\":\"Notify assignee of comment update\",\"active\":true,"
	  "\"description\":\"Tells the assignee of comments by others.\","
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Change\"},"
	  "{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":\"not_relevant\"},"
	  "{\"field\":\"assignee_id\",\"operator\":\"is_not\",\"value\":\"current_user\"},"
	  "{\"field\":\"assignee_id\",\"operator\":\"is_not\",\"value\":\"\"}],\"any\":[]},"
	  "\"actions\":" NOTIFY("user", "\"assignee_id\","
	  "\"[{{ticket.account}}] Re: {{ticket.title}}\"",
	  "\"This ticket (#{{ticket.id}}) has been updated.\\n\\n"
	  "{{ticket.comments_formatted}}\"") "}" },
	{ RULE_TRIGGER,
	  "{\"title\":\"Notify assignee of assignment\",\"active\":true,"
	  "\"description\":\"Tells an agent a ticket was assigned to them.\","
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"assignee_id\",\"operator\":\"changed\"},"
	  "{\"field\":\"assignee_id\",\"operator\":\"is_not\",\"value\":\"current_user\"}],"
	  "\"any\":[]},"
	  "\"actions\":" NOTIFY("user", "\"assignee_id\","
	  "\"[{{ticket.account}}] Assignment: {{ticket.title}}\"",
	  "\"You have been assigned to this ticket (#{{ticket.id}}).\\n\\n"
	  "{{ticket.comments_formatted}}\"") "}" },
	{ RULE_TRIGGER,
	  "{\"title\":\"Notify assignee of reopened ticket\",\"active\":true,"
	  "\"description\":\"Tells the assignee a solved ticket was reopened.\","
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"assignee_id\",\"operator\":\"is_not\",\"value\":\"current_user\"},"
	  "{\"field\":\"status\",\"operator\":\"value_previous\",\"value\":\"solved\"},"
	  "{\"field\":\"status\",\"operator\":\"is_not\",\"value\":\"closed\"}],\"any\":[]},"
	  "\"actions\":" NOTIFY("user", "\"assignee_id\","
	  "\"[{{ticket.account}}] Re: {{ticket.title}}\"",
	  "\"This ticket (#{{ticket.id}}) has been reopened.\\n\\n"
	  "{{ticket.comments_formatted}}\"") "}" },
	{ RULE_TRIGGER,
	  "{\"title\":\"Notify group of assignment\",\"active\":true,"
	  "\"description\":\"Tells a group of a ticket assigned to it and no agent.\","
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"group_id\",\"operator\":\"changed\"},"
	  "{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"\"}],\"any\":[]},"
	  "\"actions\":" NOTIFY("group", "\"group_id\","
	  "\"[{{ticket.account}}] Assignment: {{ticket.title}}\"",
	  "\"A ticket (#{{ticket.id}}) by {{ticket.requester.name}} has been assigned to "
	  "your group.\\n\\n{{ticket.comments_formatted}}\"") "}" },
	{ RULE_TRIGGER,
	  "{\"title\":\"Notify all agents of received request\",\"active\":false,"
	  "\"description\":\"Tells every agent of each new ticket.\","
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"}],\"any\":[]},"
	  "\"actions\":" NOTIFY("user", "\"all_agents\","
	  "\"[{{ticket.account}}] {{ticket.title}}\"",
	  "\"A ticket (#{{ticket.id}}) by {{ticket.requester.name}} has been received. "
	  "It is unassigned.\\n\\n{{ticket.comments_formatted}}\"") "}" },
	{ RULE_AUTOMATION,
	  "{\"title\":\"Close ticket 4 days after status is set to solved\",\"active\":true,"
	  "\"conditions\":{\"all\":["
	  "{\"field\":\"status\",\"operator\":\"is\",\"value\":\"solved\"},"
	  "{\"field\":\"SOLVED\",\"operator\":\"greater_than\",\"value\":\"96\"}],\"any\":[]},"
	  "\"actions\":[{\"field\":\"status\",\"value\":\"closed\"}]}" },
};

bool business_rules_seed(struct ctx *c)
{
	if (!trigger_categories_seed(c))
		return false;
	for (size_t i = 0; i < PL_ARRAY_LEN(defaults); i++) {
		json_t *in = json_loads(defaults[i].json, 0, NULL);
		int64_t id;
		if (!in)
			return false;
		jown(c->a, in);
		if (business_rule_add(c, defaults[i].kind, in, true, &id))
			return false;
	}
	return true;
}
